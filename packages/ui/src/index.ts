// Public API of @convstudio/ui: an explicit list, filled as components land.
export {};
