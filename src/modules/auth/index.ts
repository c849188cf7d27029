export { createAuthService, type AuthService } from './service.ts';
export { authRoutes } from './routes.ts';
export { hashPassword, verifyPassword } from './passwords.ts';
