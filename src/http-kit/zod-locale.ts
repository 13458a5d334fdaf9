/**
 * zod's own messages in Chinese (z.locales.zhCN), configured once for the process: every issue a
 * schema does not word itself reads in Chinese, on every route. Imported by errors.ts, which every
 * edge that reports issues uses, and by the composition root.
 */
import { z } from 'zod';

z.config(z.locales.zhCN());
