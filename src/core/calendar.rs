//! Working-day calendar (placeholder until written).
