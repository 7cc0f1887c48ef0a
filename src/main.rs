//! The `accord` command-line tool; everything it does lives in the library's `cli` module.

/// mimalloc rather than the system allocator: see BENCHMARKS.md (lists and imports of
/// 100k milestones spend a fifth of their time allocating and freeing small strings).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    accord::cli::main()
}
