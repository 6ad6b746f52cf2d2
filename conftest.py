"""pytest set-up shared by tests/ and the lesson notebooks (nbval): keep learners' files out of the checkout."""

import os
import tempfile

# Lessons save submissions when a cell presses Check; under test they go to a throwaway folder.
# Set before any kernel starts: nbval's kernels inherit this environment.
os.environ.setdefault("IAM_WORKBENCH_SUBMISSIONS", tempfile.mkdtemp(prefix="iamwb-test-submissions-"))
os.environ.setdefault("IAM_WORKBENCH_LEARNER", "test-learner")
