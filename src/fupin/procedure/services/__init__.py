"""The engine's use cases: taking a step, signing, posting notices, raising and resolving objections."""
