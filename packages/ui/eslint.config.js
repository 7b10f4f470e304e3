import reactHooks from 'eslint-plugin-react-hooks';
import base, { boundaries } from '../../eslint.config.js';

/** React rules for ui and the studio (shared so both packages lint React code the same way). */
export const reactRules = [
  reactHooks.configs.flat['recommended-latest'] ?? reactHooks.configs.flat.recommended,
  {
    // three.js scenes are imperative by design: effects set uniforms, textures and cameras on
    // objects made with useMemo (react-three-fiber's documented pattern), and OrbitControls is
    // created in an effect because it needs the canvas. The compiler-oriented rules that forbid
    // this are meant for React Compiler, which this code does not use.
    files: ['**/stack-3d/**/*.{ts,tsx}'],
    rules: { 'react-hooks/immutability': 'off', 'react-hooks/set-state-in-effect': 'off' },
  },
];

// ui renders what core computes; WebGPU stays the studio's choice, so ui never imports gpu.
export default [...base, ...reactRules, boundaries([{ group: ['@convstudio/gpu', '@convstudio/gpu/*'], message: '@convstudio/ui never imports @convstudio/gpu: the app picks the backend and hands ui tensors.' }])];
