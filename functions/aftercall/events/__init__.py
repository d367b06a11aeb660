"""Models of the payloads AWS sends, validated at the edge; only the fields aftercall reads."""
