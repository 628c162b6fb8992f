//! Writes a generated dataset for `benches/compare.sh`: the plan as JSON
//! (as `plan-review import` writes it) and the same measures as text, one
//! line per measure with every field, for `fzf --filter`.
//!
//! `cargo bench --bench gen_dataset -- N PLAN.json LINES.txt`

#[path = "common/generate.rs"]
mod generate;

use std::process::ExitCode;

fn main() -> ExitCode {
    // cargo bench adds `--bench`; only the positional arguments count.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let [n, json_path, lines_path] = args.as_slice() else {
        eprintln!("usage: cargo bench --bench gen_dataset -- N PLAN.json LINES.txt");
        return ExitCode::from(2);
    };
    let Ok(n) = n.parse::<usize>() else {
        eprintln!("gen_dataset: `{n}` is not a number of measures");
        return ExitCode::from(2);
    };
    let bundled = match plan_review::dataset::bundled() {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("gen_dataset: {e}");
            return ExitCode::FAILURE;
        }
    };
    let plan = generate::plan(&bundled, n);
    let json = match serde_json::to_string_pretty(&plan) {
        Ok(json) => json + "\n",
        Err(e) => {
            eprintln!("gen_dataset: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut lines = String::new();
    for m in plan.measures() {
        lines.push_str(&generate::fzf_line(m));
        lines.push('\n');
    }
    for (path, text) in [(json_path, &json), (lines_path, &lines)] {
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("gen_dataset: {path}: {e}");
            return ExitCode::FAILURE;
        }
    }
    eprintln!(
        "gen_dataset: {n} measures, {} bytes of JSON in {json_path}, {} lines in {lines_path}",
        json.len(),
        n
    );
    ExitCode::SUCCESS
}
