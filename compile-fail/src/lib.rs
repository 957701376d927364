//! Nothing here: the compile-fail cases are under `tests/ui/`, run by
//! `tests/compile_fail.rs`.
