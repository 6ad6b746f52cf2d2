"""iam-workbench: learn AWS IAM by simulation."""
