//! Integration tests for submit. PLACEHOLDER: filled in by its issue.
