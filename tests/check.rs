//! Integration tests for check. PLACEHOLDER: filled in by its issue.
