"""The jobs' use cases: declaring kinds, starting a job, running it, recovering interrupted ones."""
