//! Integration tests for gateway. PLACEHOLDER: filled in by its issue.
