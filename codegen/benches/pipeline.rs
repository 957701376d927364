//! The generator's throughput on synthetic spec sets, whole and stage by
//! stage. `cargo bench -p codegen`; BENCHMARKS.md has the figures.
//!
//! The baseline, `yaml_only`, parses the same files into `serde_yaml::Value`:
//! the least any YAML-driven generator must do.

use codegen::{Options, SpecSource, stages, synth};
use divan::Bencher;
use divan::counter::ItemsCount;

fn main() {
    divan::main();
}

const SIZES: [usize; 3] = [10, 100, 1000];

fn specs(endpoints: usize) -> Vec<SpecSource> {
    synth::specs(endpoints)
}

/// The whole pipeline, specs in, files out (nothing written).
#[divan::bench(args = SIZES, sample_count = 10)]
fn generate(bencher: Bencher, endpoints: usize) {
    let sources = specs(endpoints);
    bencher
        .counter(ItemsCount::new(endpoints))
        .bench_local(|| codegen::generate("specs", &sources).unwrap());
}

/// Baseline: the YAML alone, into untyped values.
#[divan::bench(args = SIZES, sample_count = 10)]
fn yaml_only(bencher: Bencher, endpoints: usize) {
    let sources = specs(endpoints);
    bencher.counter(ItemsCount::new(endpoints)).bench_local(|| {
        sources
            .iter()
            .map(|source| serde_yaml::from_str::<serde_yaml::Value>(&source.text).unwrap())
            .collect::<Vec<_>>()
    });
}

/// Each stage on the 1,000-endpoint set, its input prepared outside the timing.
mod stage {
    use super::*;

    const N: usize = 1000;

    #[divan::bench(sample_count = 10)]
    fn load(bencher: Bencher) {
        let sources = specs(N);
        bencher.bench_local(|| stages::load(&sources));
    }

    #[divan::bench(sample_count = 10)]
    fn validate(bencher: Bencher) {
        let sources = specs(N);
        let loaded = stages::load(&sources);
        bencher.bench_local(|| stages::validate(&loaded));
    }

    #[divan::bench(sample_count = 10)]
    fn ir(bencher: Bencher) {
        let sources = specs(N);
        let loaded = stages::load(&sources);
        bencher.bench_local(|| stages::ir(&loaded));
    }

    #[divan::bench(sample_count = 10)]
    fn emit(bencher: Bencher) {
        let sources = specs(N);
        let ir = stages::ir(&stages::load(&sources));
        bencher.bench_local(|| stages::emit(&ir, &Options::default()));
    }

    #[divan::bench(sample_count = 10)]
    fn syn_parse(bencher: Bencher) {
        let sources = specs(N);
        let units = stages::emit(&stages::ir(&stages::load(&sources)), &Options::default());
        bencher.bench_local(|| stages::parse(&units));
    }

    #[divan::bench(sample_count = 10)]
    fn prettyplease(bencher: Bencher) {
        let sources = specs(N);
        let units = stages::emit(&stages::ir(&stages::load(&sources)), &Options::default());
        bencher
            .with_inputs(|| stages::parse(&units))
            .bench_local_values(stages::print);
    }

    /// Writing every file as xtask does: to a temporary file, renamed over
    /// the target.
    #[divan::bench(sample_count = 10)]
    fn write(bencher: Bencher) {
        let files = codegen::generate("specs", &specs(N)).unwrap();
        let dir = tempfile::tempdir().unwrap();
        for file in &files {
            let path = dir.path().join(&file.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        }
        bencher.bench_local(|| {
            for file in &files {
                let path = dir.path().join(&file.path);
                let temp = path.with_extension("rs.tmp");
                std::fs::write(&temp, &file.contents).unwrap();
                std::fs::rename(&temp, &path).unwrap();
            }
        });
    }
}
