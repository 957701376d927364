//! A crate around the code generated from a spec directory of one's own,
//! compiled against the `feishu` runtime: what `synth --crate` and
//! `import --crate` write, to measure or to test generated code outside the
//! SDK.

use std::fs;
use std::path::Path;

use ::codegen::OutputFile;

/// Writes `files` (generated code) into `dir/src/api`, and `dir/Cargo.toml`
/// (package `name`, depending on the runtime at `feishu`) and
/// `dir/src/lib.rs` around them.
pub fn write(dir: &Path, name: &str, files: &[OutputFile], feishu: &Path) -> Result<(), String> {
    for file in files {
        put(&dir.join("src/api").join(&file.path), &file.contents)?;
    }
    put(&dir.join("Cargo.toml"), &manifest(name, feishu))?;
    put(&dir.join("src/lib.rs"), LIB)
}

/// Writes `contents` to `path`, creating its folders.
pub fn put(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|err| format!("{}: {err}", parent.display()))?;
    }
    fs::write(path, contents).map_err(|err| format!("{}: {err}", path.display()))
}

fn manifest(name: &str, feishu: &Path) -> String {
    format!(
        r#"# Written by `cargo xtask`: code generated from a spec directory of its
# own, compiled against the feishu runtime.
[package]
name = "{name}"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
feishu = {{ path = "{}", default-features = false }}
http = "1"
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"

[profile.dev]
debug = "line-tables-only"

[profile.dev.package."*"]
debug = false

[workspace]
"#,
        feishu.display()
    )
}

const LIB: &str = r#"//! Code generated from a spec directory of its own (`cargo xtask`).

pub use feishu::codegen_support::*;

#[rustfmt::skip]
pub mod api;
"#;
