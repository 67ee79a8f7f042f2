//! Integration tests for sandbox. PLACEHOLDER: filled in by its issue.
