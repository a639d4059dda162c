"""Orchestration: one file through read -> parse -> rows, and batches of files into the dataset."""
