/** /api/v1/devices. */
import type { App } from '../../platform/http/server.ts';
import type { DeviceService } from './devices-service.ts';
import * as schemas from './schemas.ts';

const tags = ['directory'];

export function deviceRoutes(app: App, devices: DeviceService) {
  app.get('/api/v1/devices', {
    schema: {
      tags,
      summary: 'Devices, by text or customer, in pages (nextCursor); code=<serial or QR value> finds a scanned device',
      querystring: schemas.DeviceListQuery,
      response: { 200: schemas.Page(schemas.Device) },
    },
  }, async (request) => devices.list(request.actor, { ...request.query, limit: request.query.limit ?? 50 }));

  app.get('/api/v1/devices/:id', {
    schema: { tags, summary: 'One device', params: schemas.IdParams, response: { 200: schemas.Device } },
  }, async (request) => devices.get(request.actor, request.params.id));

  app.post('/api/v1/devices', {
    schema: {
      tags,
      summary: 'Add a device (admin, dispatcher); serial and QR value are unique, the QR value is generated when not given',
      body: schemas.CreateDeviceBody,
      response: { 201: schemas.Device },
    },
  }, async (request, reply) => reply.status(201).send(await devices.create(request.actor, request.body)));

  app.patch('/api/v1/devices/:id', {
    schema: {
      tags,
      summary: 'Change a device (admin, dispatcher)',
      params: schemas.IdParams,
      body: schemas.UpdateDeviceBody,
      response: { 200: schemas.Device },
    },
  }, async (request) => devices.update(request.actor, request.params.id, request.body));

  app.delete('/api/v1/devices/:id', {
    schema: {
      tags,
      summary: 'Delete a device (admin, dispatcher); 422 while tickets refer to it',
      params: schemas.IdParams,
    },
  }, async (request, reply) => {
    await devices.remove(request.actor, request.params.id);
    return reply.status(204).send();
  });
}
