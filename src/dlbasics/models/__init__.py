"""Models of the book, one file per model family."""
