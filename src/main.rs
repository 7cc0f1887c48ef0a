//! The `accord` command-line tool; everything it does lives in the library's `cli` module.

fn main() -> std::process::ExitCode {
    accord::cli::main()
}
