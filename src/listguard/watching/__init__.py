"""Watched portfolios and their alerts: which holdings list updates changed, delivered at least
once (:mod:`.watch` finds them, :mod:`.outbox` keeps and delivers them)."""
