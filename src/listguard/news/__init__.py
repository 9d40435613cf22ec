"""News and notices: read what is published, propose dated events, check the claims.

=================  ==========================================================================
module             what it does
=================  ==========================================================================
``documents``      an article or notice as text: HTML (trafilatura), PDF (pypdf), plain text,
                   a Federal Register JSON document; a URL or standard input
``dates``          "last Friday (March 12)", "on 14 January", "in March", "this month"
``gazetteer``      the listed parties a text names: the registry's names scanned, each span
                   resolved by the screening engine's matcher
``claims``         the events a sentence asserts: kind, list, date, evidence
``checking``       each claim against the registry: consistent, conflicts, new, unresolved
``reading``        one document, read and checked (``NewsReader``)
``feeds``          RSS/Atom feeds and folders of documents
=================  ==========================================================================

Nothing here downloads a model: the gazetteer, the event patterns and the date rules are all
there is, and each claim says which words it rests on.
"""
