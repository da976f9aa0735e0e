fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(u8::try_from(pm::run()).unwrap_or(2))
}
