'use strict';

/**
 * A minimal in-memory store for the models that are not clients (sessions, grants, codes, tokens, ...),
 * used when no other adapter is given. One process only, lost on restart: give `adapter` a persistent
 * implementation in production.
 */
function createMemoryAdapter() {
  const store = new Map();
  const get = (key) => {
    const entry = store.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      store.delete(key);
      return undefined;
    }
    return entry.value;
  };
  const set = (key, value, expiresIn) =>
    store.set(key, { value, expiresAt: typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : undefined });

  return class MemoryAdapter {
    constructor(model) {
      this.model = model;
    }

    key(id) {
      return `${this.model}:${id}`;
    }

    async upsert(id, payload, expiresIn) {
      set(this.key(id), payload, expiresIn);
      if (this.model === 'Session' && payload.uid) set(`sessionUid:${payload.uid}`, id, expiresIn);
      if (payload.userCode) set(`userCode:${payload.userCode}`, id, expiresIn);
      if (payload.grantId) {
        const members = get(`grant:${payload.grantId}`) ?? new Set();
        members.add(this.key(id));
        set(`grant:${payload.grantId}`, members);
      }
    }

    async find(id) {
      return get(this.key(id));
    }

    async findByUid(uid) {
      const id = get(`sessionUid:${uid}`);
      return id === undefined ? undefined : this.find(id);
    }

    async findByUserCode(userCode) {
      const id = get(`userCode:${userCode}`);
      return id === undefined ? undefined : this.find(id);
    }

    async consume(id) {
      const payload = get(this.key(id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    }

    async destroy(id) {
      store.delete(this.key(id));
    }

    async revokeByGrantId(grantId) {
      for (const key of get(`grant:${grantId}`) ?? []) store.delete(key);
      store.delete(`grant:${grantId}`);
    }
  };
}

module.exports = { createMemoryAdapter };
