/** A value built on the first call, once; a failed build is not kept, so the next call tries again. */
export function onFirstUse<T>(build: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    if (!value) {
      const built = build();
      built.catch(() => {
        if (value === built) value = undefined;
      });
      value = built;
    }
    return value;
  };
}
