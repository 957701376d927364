//! Each case under `ui/` must fail to compile with the error beside it: the
//! type system, not a run-time check, keeps these requests from being sent.

#[test]
fn wrong_token_kinds_do_not_compile() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
