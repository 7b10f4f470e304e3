export {};
//# sourceMappingURL=bench-all.d.ts.map