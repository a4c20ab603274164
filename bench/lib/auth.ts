// The admin key every launched API accepts (ADMIN_API_KEY) and the benchmarks' clients send.
export const BENCH_ADMIN_KEY = process.env.BENCH_ADMIN_KEY ?? 'rk_bench_admin_key_not_secret_0123456789';
export const BENCH_JWT_SECRET = 'bench-jwt-secret-not-secret-0123456789';

export const authHeader = (key = BENCH_ADMIN_KEY): Record<string, string> => ({ authorization: `Bearer ${key}` });
