/**
 * Prints, as one JSON line, the WebGPU adapter Dawn for Node finds with the present Vulkan
 * setup (VK_ICD_FILENAMES as given: this script sets no default), and whether it is software.
 * real-gpu.sh uses it to refuse a SwiftShader or llvmpipe run unless asked for one.
 *
 *   npx tsx adapter-probe.ts   →   {"found":true,"software":false,"name":"nvidia hopper, NVIDIA H100 ...", ...}
 */
import { create } from 'webgpu';

/** CPU implementations of Vulkan (and Dawn's fallback flag): correct, but no GPU speed. */
const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render/i;

async function main(): Promise<void> {
  const gpu = create([]);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) {
    console.log(JSON.stringify({ found: false, software: false, name: '', reason: 'requestAdapter returned null: Dawn found no Vulkan device' }));
    return;
  }
  const info = adapter.info;
  const fallback = Boolean((adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter ?? (info as { isFallbackAdapter?: boolean }).isFallbackAdapter);
  const name = [[info.vendor, info.architecture].filter(Boolean).join(' '), info.device, info.description].filter(Boolean).join(', ');
  const software = fallback || SOFTWARE.test(`${info.vendor} ${info.architecture} ${info.device} ${info.description}`);
  console.log(JSON.stringify({ found: true, software, fallback, name, vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description }));
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.log(JSON.stringify({ found: false, software: false, name: '', reason: String(error) }));
    process.exit(0);
  });
