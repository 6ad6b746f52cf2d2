"""Layer 5, simulated AWS KMS: keys and key policies, aliases, grants, Encrypt/Decrypt, calls through other services."""
