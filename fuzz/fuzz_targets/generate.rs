//! Any bytes as an endpoint spec file, beside a valid models file: the
//! generator must answer with diagnostics or with files `syn` parses, and
//! never panic.
#![no_main]

use codegen::SpecSource;
use libfuzzer_sys::fuzz_target;

const MODELS: &str = "models:
  - name: Thing
    fields:
      - name: id
        type: string
        required: true
      - name: kind
        type: Kind
  - name: Kind
    values:
      - value: QUEUED
      - value: SmartCard
";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let sources = [
        SpecSource {
            path: "x/v1/models.yaml".to_owned(),
            text: MODELS.to_owned(),
        },
        SpecSource {
            path: "x/v1/things/get.yaml".to_owned(),
            text: text.to_owned(),
        },
    ];
    match codegen::generate("specs", &sources) {
        Ok(files) => {
            for file in files {
                if let Err(err) = syn::parse_file(&file.contents) {
                    panic!("{} does not parse: {err}\n{}", file.path, file.contents);
                }
            }
        }
        Err(diagnostics) => {
            assert!(!diagnostics.0.is_empty());
            let _ = diagnostics.render(
                "specs",
                |path| {
                    Some(if path == "x/v1/models.yaml" {
                        MODELS
                    } else {
                        text
                    })
                },
                false,
            );
        }
    }
});
