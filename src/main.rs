fn main() -> std::process::ExitCode {
    parcheck::cli::main()
}
