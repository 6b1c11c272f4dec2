"""Intelligence: analysis files, their entities and typed, graded links, de-duplication,
network and money analysis, and analytical reports."""
