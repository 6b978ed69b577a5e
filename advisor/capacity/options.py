"""The capacity options a user sets, by the names errors and notes give them."""

OPT_CONCURRENCY = "--concurrency"
OPT_LATENCY = "--latency-ms"
OPT_MPS = "--mps"
OPT_SEGMENTS = "--segments"
OPT_MESSAGES = "--messages"
OPT_VALIDITY = "--validity-seconds"
OPT_DEADLINE = "--deadline-minutes"
OPT_QUEUE = "--queue-seconds"
OPT_BURST = "--burst-rps"
OPT_ACCOUNT_MPS = "--account-mps"
#: the client's submission rate comes from these two.
OPT_CLIENT_RATE = "--concurrency/--latency-ms"
