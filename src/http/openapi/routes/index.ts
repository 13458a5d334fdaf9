/** Every route qihu serves, in the order of docs/openapi.yaml. */
import { serviceRoutes } from './service';
import { chatRoutes } from './chat';
import { chat2Routes } from './chat-2';
import { ticketsRoutes } from './tickets';
import { adminRoutes } from './admin';
import { admin2Routes } from './admin-2';
import { authRoutes } from './auth';
import { kb1Routes } from './kb-1';
import { kb2Routes } from './kb-2';
import { kb3Routes } from './kb-3';
import { kb4Routes } from './kb-4';
import { kb5Routes } from './kb-5';
import { hotline1Routes } from './hotline-1';
import { hotline2Routes } from './hotline-2';
import { hotline3Routes } from './hotline-3';
import { supervisionRoutes } from './supervision';
import { policiesRoutes } from './policies';
import type { RouteDoc } from '../registry';

export const ROUTES: RouteDoc[] = [
  ...serviceRoutes,
  ...chatRoutes,
  ...chat2Routes,
  ...ticketsRoutes,
  ...adminRoutes,
  ...admin2Routes,
  ...authRoutes,
  ...kb1Routes,
  ...kb2Routes,
  ...kb5Routes,
  ...kb3Routes,
  ...kb4Routes,
  ...hotline1Routes,
  ...hotline3Routes,
  ...hotline2Routes,
  ...supervisionRoutes,
  ...policiesRoutes,
];
