import type { Emulator } from '../../infra/local/emulators';

export default async function globalTeardown() {
  const emulators = (globalThis as { __emulators?: Emulator[] }).__emulators ?? [];
  await Promise.allSettled(emulators.map((e) => e.stop()));
}
