"""Words that mark what is intended rather than done, shared by claims (modality) and events (status)."""

from __future__ import annotations

INTENTION_CUES = (
    r"wants?\s+to|intends?\s+to|plans?\s+to|aims?\s+to|seeks?\s+to|(?:is\s+)?preparing\s+to|threatens?\s+to|"
    r"will\s+try|in\s+an\s+attempt\s+to|(?:have|has|had|been|was|were)\s+ordered\s+to|goal\s+is\s+to"
)
