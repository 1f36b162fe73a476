const express = require('express');
const mongoose = require('mongoose');
const mongoSanitize = require('mongo-sanitize');

const app = express();
app.use(express.json());
const User = mongoose.model('User', new mongoose.Schema({ username: String, password: String }));
const Post = mongoose.model('Post', new mongoose.Schema({ title: String, author: String }));

app.post('/login', async (req, res) => {
  const { username, password } = req.body;
  // ruleid: javascript.nosqli.operator-injection
  const user = await User.findOne({ username, password });
  if (!user) return res.sendStatus(401);
  return res.json({ id: user.id });
});

app.post('/login/v2', async (req, res) => {
  // ok: javascript.nosqli.operator-injection
  const user = await User.findOne({ username: String(req.body.username) });
  // ok: javascript.nosqli.operator-injection
  const byEmail = await User.findOne({ email: req.body.email.trim().toLowerCase() });
  res.json({ found: !!(user || byEmail) });
});

app.get('/posts', async (req, res) => {
  // ruleid: javascript.nosqli.operator-injection
  const posts = await Post.find(req.query).limit(50);
  // ok: javascript.nosqli.operator-injection
  const clean = await Post.find(mongoSanitize(req.query)).limit(50);
  res.json({ posts, clean });
});

app.get('/posts/:id', async (req, res) => {
  // ok: javascript.nosqli.operator-injection
  const post = await Post.findOne({ _id: req.params.id });
  // ok: javascript.nosqli.operator-injection
  const titles = [{ title: 'a' }].find((p) => p.title === req.query.title);
  res.json({ post, titles });
});

app.get('/search', async (req, res) => {
  const author = req.query.author;
  // ruleid: javascript.nosqli.where-injection
  const posts = await Post.find({ $where: `this.author == '${author}'` });
  // ok: javascript.nosqli.where-injection
  const recent = await Post.find({ $where: 'this.createdAt > this.updatedAt' });
  // ruleid: javascript.nosqli.where-injection
  const popular = await Post.find({ $where: 'this.likes.length > ' + req.query.minLikes });
  // ok: javascript.nosqli.where-injection
  const viewed = await Post.find({ $where: `this.views > ${Number(req.query.minViews)}` });
  // ok: javascript.nosqli.where-injection
  const edited = await Post.find({ $where: function () { return this.updatedAt > this.createdAt; } });
  res.json({ posts, recent, popular, viewed, edited });
});

app.delete('/posts', async (req, res) => {
  // ruleid: javascript.nosqli.operator-injection
  await Post.deleteMany({ author: req.body.author, draft: true });
  res.sendStatus(204);
});

module.exports = app;

// A data-access helper: the threshold arrives from a route handler in another file.
function allocationsAbove(db, userId, threshold) {
  // ruleid: javascript.nosqli.where-dynamic
  return db.collection('allocations').find({ $where: `this.userId == ${userId} && this.stocks > '${threshold}'` });
}

function allocationsOver(db, minimum) {
  // ruleid: javascript.nosqli.where-dynamic
  return db.collection('allocations').find({ $where: 'this.stocks > ' + minimum });
}

function activeAllocations(db) {
  // ok: javascript.nosqli.where-dynamic
  return db.collection('allocations').find({ $where: 'this.stocks > 0 && ' + 'this.active' });
}

function constantWhere(db) {
  // ok: javascript.nosqli.where-dynamic
  return db.collection('allocations').find({ $where: `this.stocks > this.reserved` });
}

module.exports.helpers = { allocationsAbove, allocationsOver, activeAllocations, constantWhere };
