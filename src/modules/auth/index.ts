export { createAuthService, type AuthService } from './service.ts';
export { authRoutes } from './routes.ts';
export { hashPassword, verifyPassword } from './passwords.ts';
export { createClientService, type ClientService } from './clients-service.ts';
export { apiClientRoutes } from './clients-routes.ts';
