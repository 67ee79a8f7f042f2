//! PLACEHOLDER: filled in by a later issue.
