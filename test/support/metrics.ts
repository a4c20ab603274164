/** One sample of GET /metrics (`name` or `name{labels}` exactly) of the API at baseUrl, or null when absent. */
export async function metricValue(baseUrl: string, sample: string): Promise<number | null> {
  return sampleOf(await (await fetch(`${baseUrl}/metrics`)).text(), sample);
}

/** One sample of a Prometheus text exposition, or null. */
export function sampleOf(text: string, sample: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : null;
}
