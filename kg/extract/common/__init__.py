"""What both languages share: the candidate value, fact building and the lexicon loader."""
