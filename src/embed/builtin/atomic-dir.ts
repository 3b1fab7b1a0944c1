// Writes a whole folder atomically: everything goes into a temporary
// sibling folder, which is then renamed onto the target. A build killed at
// any point leaves either the previous complete model or the new complete
// model at the target path, never a mix or a half-written model.onnx.
//
// POSIX cannot rename a folder over a non-empty folder, so an existing
// target is first moved aside and deleted after the swap; between the two
// renames the target briefly does not exist (readers see "missing", not
// "corrupt"). Leftover temp folders of dead builds are cleaned up.

import { mkdir, open, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { isAlive } from "../../pid.js";

async function removeStaleSiblings(parent: string, base: string): Promise<void> {
  const prefix = `.${base}.`;
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    const m = name.startsWith(prefix) ? /\.(?:tmp|old)-(\d+)-/.exec(name.slice(prefix.length - 1)) : null;
    if (m && !isAlive(Number(m[1]))) await rm(path.join(parent, name), { recursive: true, force: true });
  }
}

async function writeDurable(file: string, bytes: Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bytes);
  const fh = await open(file, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Writes `files` (relative path → bytes) as the folder `target`, atomically. */
export async function writeDirAtomic(target: string, files: ReadonlyMap<string, Uint8Array>): Promise<void> {
  const abs = path.resolve(target);
  const parent = path.dirname(abs);
  const base = path.basename(abs);
  await mkdir(parent, { recursive: true });
  await removeStaleSiblings(parent, base);

  const stamp = `${process.pid}-${Date.now().toString(36)}`;
  const tmp = path.join(parent, `.${base}.tmp-${stamp}`);
  const old = path.join(parent, `.${base}.old-${stamp}`);
  try {
    for (const [rel, bytes] of files) await writeDurable(path.join(tmp, rel), bytes);
    let movedOld = false;
    try {
      await rename(abs, old);
      movedOld = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    try {
      await rename(tmp, abs);
    } catch (err) {
      if (movedOld) await rename(old, abs); // put the previous model back
      throw err;
    }
    if (movedOld) await rm(old, { recursive: true, force: true });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
