/** Every route qihu serves, in the order of docs/openapi.yaml. */
import { serviceRoutes } from './service';
import { chatRoutes } from './chat';
import { ticketsRoutes } from './tickets';
import { adminRoutes } from './admin';
import { authRoutes } from './auth';
import { kb1Routes } from './kb-1';
import { kb2Routes } from './kb-2';
import { kb3Routes } from './kb-3';
import { kb4Routes } from './kb-4';
import { hotline1Routes } from './hotline-1';
import { hotline2Routes } from './hotline-2';
import { supervisionRoutes } from './supervision';
import type { RouteDoc } from '../registry';

export const ROUTES: RouteDoc[] = [
  ...serviceRoutes,
  ...chatRoutes,
  ...ticketsRoutes,
  ...adminRoutes,
  ...authRoutes,
  ...kb1Routes,
  ...kb2Routes,
  ...kb3Routes,
  ...kb4Routes,
  ...hotline1Routes,
  ...hotline2Routes,
  ...supervisionRoutes,
];
