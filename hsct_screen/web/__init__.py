"""What stands between the internet and the app: client address, rate limits, database faults, headers, health."""
