// The classifier head lives in core (the CLI's --grad uses it too); re-exported for the studio's views.
export { classifierHeadOf, outputNodeOf, MAX_CLASSES, type ClassifierHead } from '@convstudio/core';
