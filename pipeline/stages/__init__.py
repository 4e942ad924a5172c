"""The stages, one module per `lcspr` command, each `run(ctx, args) -> exit code`; no stage imports another."""
