-- What screening compares beside a person's name (listguard.matching, issue "people"): every
-- country a list ties a party to (nationalities, citizenships, addresses), places of birth and
-- gender, as the OFAC importers read them. Passports and national identity numbers go to the
-- identifiers table (schemes passport, national_id); weak aliases to names (kind weak).
ALTER TABLE entities ADD COLUMN countries {text} NOT NULL DEFAULT '';
ALTER TABLE entities ADD COLUMN birth_places {text} NOT NULL DEFAULT '';
ALTER TABLE entities ADD COLUMN gender {text} NOT NULL DEFAULT '';
