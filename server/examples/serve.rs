//! `rlvr serve` before the CLI has the subcommand: the same call the CLI
//! makes, with the domains this crate's dev-dependencies enable.
//!
//! ```sh
//! cargo run --release --example serve -- 127.0.0.1:8000 math__math
//! curl -s localhost:8000/get_reward -d '{"query": ["\\boxed{2}"], "labels": ["2"]}'
//! ```
//!
//! Arguments: the address (default `127.0.0.1:8000`), then the default
//! `data_source` for plain-string OpenRLHF labels (optional).

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:8000".to_owned());
    let mut config = rlvr_server::Config::default();
    if let Some(data_source) = args.next() {
        config = config.with_default_data_source(data_source);
    }
    rlvr_server::run(&addr, rlvr::default_registry(), config)
}
