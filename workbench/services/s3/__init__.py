"""Amazon S3 simulated (layer 5): ``S3Client``, account-level Block Public Access (S3 Control), service calls."""
