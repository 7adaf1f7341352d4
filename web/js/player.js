// One live stream in a <video>: HLS and LL-HLS through hls.js, HTTP-FLV through mpegts.js (both in /vendor/), WebRTC
// through the browser's own RTCPeerConnection and WHEP (POST the offer to /app/stream/whep, DELETE the Location after).
// /players/?app=live&stream=cam1&type=hls|llhls|flv|webrtc[&vhost=...]; llhls is hls.js's lowLatencyMode (parts, blocking reload).
// window.srsPlayer.stats() is what the page shows, and what the browser tests read.
'use strict';
(() => {
  const RETRY_MS = 2000;
  const q = new URLSearchParams(location.search);
  const app = (q.get('app') || 'live').replace(/^\/+|\/+$/g, '');
  const stream = (q.get('stream') || '').replace(/\.(m3u8|flv)$/i, '');
  const asked = (q.get('type') || 'hls').toLowerCase();
  const type = asked === 'flv' || asked === 'llhls' || asked === 'webrtc' ? asked : 'hls';
  const isHls = type === 'hls' || type === 'llhls';
  const vhost = q.get('vhost') || '';

  const $ = (id) => document.getElementById(id);
  const video = $('video');
  const path = '/' + app.split('/').map(encodeURIComponent).join('/') + '/' + encodeURIComponent(stream);
  const query = new URLSearchParams();
  if (vhost) query.set('vhost', vhost);
  if (q.get('token')) query.set('token', q.get('token'));
  const url = path + (isHls ? '.m3u8' : type === 'flv' ? '.flv' : '/whep') + (query.toString() ? '?' + query.toString() : '');

  const player = window.srsPlayer = {
    type, url, state: 'starting', firstFrameMs: null, initPtsSec: null, errors: [], hls: null, flv: null, pc: null, rtc: null, resource: null, frame: null,
    stats,
  };

  function setState(text, kind) {
    player.state = text;
    const el = $('state');
    el.textContent = text;
    el.className = 'note' + (kind ? ' ' + kind : '');
  }

  function fail(text) {
    player.errors.push(text);
    setState(text, 'error');
  }

  function other(t) {
    const p = new URLSearchParams(q);
    p.set('type', t);
    return '?' + p.toString();
  }

  $('title').textContent = (app + '/' + stream) + (vhost ? ' @ ' + vhost : '');
  $('as-hls').href = other('hls');
  $('as-llhls').href = other('llhls');
  $('as-flv').href = other('flv');
  $('as-webrtc').href = other('webrtc');
  $('url').textContent = new URL(url, location.href).href;
  const typeName = { hls: 'HLS', llhls: 'LL-HLS', flv: 'HTTP-FLV', webrtc: 'WebRTC' }[type];
  document.title = stream + ' · Srs ' + typeName;
  if (!stream) {
    fail('No stream: open /players/?app=live&stream=cam1&type=hls');
    return;
  }

  // Time from page open (navigation start) to the first picture on screen.
  function watchFirstFrame() {
    const mark = (now) => {
      if (player.firstFrameMs !== null) return;
      player.firstFrameMs = Math.round(now);
      setState('Playing ' + typeName);
    };
    if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback((now) => mark(now));
    else video.addEventListener('playing', () => mark(performance.now()), { once: true });
  }

  function play() {
    const p = video.play();
    if (p && p.catch) p.catch(() => { /* autoplay refused: the controls are there */ });
  }

  function retry(start, why) {
    setState(why + ' · retrying in ' + RETRY_MS / 1000 + ' s', 'warn');
    setTimeout(start, RETRY_MS);
  }

  function startHls() {
    if (window.Hls && Hls.isSupported()) {
      // lowLatencyMode: parts and blocking reloads where the playlist has them (LL-HLS); off, hls.js plays whole segments.
      const hls = player.hls = new Hls(type === 'llhls'
        ? { liveDurationInfinity: true, backBufferLength: 10, lowLatencyMode: true, maxLiveSyncPlaybackRate: 1.5 } // catch up after a stall
        : { liveDurationInfinity: true, backBufferLength: 10, lowLatencyMode: false });
      hls.on(Hls.Events.INIT_PTS_FOUND, (_, d) => { player.initPtsSec = d.initPTS / d.timescale; });
      hls.on(Hls.Events.MANIFEST_PARSED, play);
      hls.on(Hls.Events.ERROR, (_, d) => {
        if (!d.fatal) return;
        player.errors.push(d.type + ': ' + d.details);
        if (d.type === Hls.ErrorTypes.MEDIA_ERROR) {
          hls.recoverMediaError();
          return;
        }
        hls.destroy();
        player.hls = null;
        retry(startHls, d.details === 'manifestLoadError' ? 'Stream not found (no playlist yet)' : 'HLS error: ' + d.details);
      });
      hls.loadSource(url);
      hls.attachMedia(video);
    } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
      video.src = url; // Safari plays HLS itself
      play();
    } else {
      fail('This browser has neither Media Source Extensions nor native HLS.');
    }
  }

  function startFlv() {
    if (!window.mpegts || !mpegts.getFeatureList().mseLivePlayback) {
      fail('This browser cannot play HTTP-FLV (no Media Source Extensions).');
      return;
    }
    const flv = player.flv = mpegts.createPlayer({ type: 'flv', isLive: true, url }, {
      enableStashBuffer: false,         // hand each tag on at once: low latency
      liveSync: true,                   // play a little faster when behind…
      liveBufferLatencyChasing: true,   // …and jump when far behind (a stalled tab)
      liveBufferLatencyMaxLatency: 3,
      liveBufferLatencyMinRemain: 0.5,
    });
    const restart = (why) => {
      flv.destroy();
      player.flv = null;
      retry(startFlv, why);
    };
    flv.on(mpegts.Events.ERROR, (kind, detail) => {
      player.errors.push(kind + ': ' + detail);
      restart(detail === 'HttpStatusCodeInvalid' ? 'Stream not found' : 'HTTP-FLV error: ' + detail);
    });
    flv.on(mpegts.Events.LOADING_COMPLETE, () => restart('The stream ended'));
    flv.attachMediaElement(video);
    flv.load();
    play();
  }

  // WHEP: the offer goes out at once (the node is ICE-lite: the browser's own checks find it), the answer names the
  // node's UDP candidate. The resource is deleted when the page goes, so the node lets go of the player at once.
  async function startWebrtc() {
    if (!window.RTCPeerConnection) {
      fail('This browser has no WebRTC.');
      return;
    }
    const pc = player.pc = new RTCPeerConnection();
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addTransceiver('audio', { direction: 'recvonly' });
    const media = new MediaStream();
    // Each picture's RTP timestamp (the node's stream time at 90 kHz), for "how far behind live" figures.
    const onFrame = (now, meta) => {
      if (meta && meta.rtpTimestamp !== undefined) player.frame = { rtpTimestamp: meta.rtpTimestamp, wallMs: Date.now() };
      if (player.pc === pc) video.requestVideoFrameCallback(onFrame);
    };
    if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(onFrame);
    pc.ontrack = (e) => {
      media.addTrack(e.track);
      video.srcObject = media;
      play();
    };
    const restart = (why) => {
      pc.close();
      player.pc = null;
      retry(startWebrtc, why);
    };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'failed') restart('WebRTC connection failed');
    };
    try {
      await pc.setLocalDescription(await pc.createOffer());
      const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/sdp' }, body: pc.localDescription.sdp });
      const text = await r.text();
      if (r.status !== 201) {
        player.errors.push('WHEP ' + r.status + ': ' + text.trim());
        restart(r.status === 404 ? 'Stream not found' : 'WHEP refused: ' + text.trim());
        return;
      }
      player.resource = new URL(r.headers.get('Location'), location.href).href;
      await pc.setRemoteDescription({ type: 'answer', sdp: text });
    } catch (e) {
      player.errors.push(String(e));
      restart('WHEP error: ' + e);
    }
  }

  function stopWebrtc() {
    if (player.resource) fetch(player.resource, { method: 'DELETE', keepalive: true });
    player.resource = null;
    if (player.pc) player.pc.close();
  }

  // The inbound video's getStats, kept for stats(): frames decoded, size, loss, and what the jitter buffer holds back.
  async function pollRtc() {
    if (!player.pc) return;
    const report = await player.pc.getStats();
    report.forEach((r) => {
      if (r.type !== 'inbound-rtp' || r.kind !== 'video') return;
      player.rtc = {
        framesDecoded: r.framesDecoded || 0, width: r.frameWidth || 0, height: r.frameHeight || 0,
        packetsReceived: r.packetsReceived || 0, packetsLost: r.packetsLost || 0, nackCount: r.nackCount || 0,
        jitterBufferMs: r.jitterBufferEmittedCount ? 1000 * r.jitterBufferDelay / r.jitterBufferEmittedCount : null,
      };
    });
    const audio = [];
    report.forEach((r) => { if (r.type === 'inbound-rtp' && r.kind === 'audio') audio.push(r); });
    if (player.rtc) player.rtc.audioPackets = audio.reduce((n, r) => n + (r.packetsReceived || 0), 0);
    if (player.rtc) player.rtc.audioSamples = audio.reduce((n, r) => n + (r.totalSamplesReceived || 0), 0);
  }

  function bufferedAhead() {
    const b = video.buffered;
    for (let i = 0; i < b.length; i++) {
      if (b.start(i) <= video.currentTime + 0.1 && video.currentTime <= b.end(i)) return b.end(i) - video.currentTime;
    }
    return 0;
  }

  function stats() {
    const quality = video.getVideoPlaybackQuality ? video.getVideoPlaybackQuality() : null;
    const s = {
      type, url, state: player.state,
      currentTime: video.currentTime,
      paused: video.paused,
      width: video.videoWidth, height: video.videoHeight,
      decodedFrames: quality ? quality.totalVideoFrames : (video.webkitDecodedFrameCount || 0),
      droppedFrames: quality ? quality.droppedVideoFrames : (video.webkitDroppedFrameCount || 0),
      buffer: bufferedAhead(),
      firstFrameMs: player.firstFrameMs,
      errors: player.errors.slice(-5),
      version: isHls ? (window.Hls ? 'hls.js ' + Hls.version : '') : type === 'flv' ? (window.mpegts ? 'mpegts.js ' + mpegts.version : '') : 'RTCPeerConnection',
    };
    if (player.hls) {
      s.latency = player.hls.latency;               // behind the playlist's live edge
      s.targetLatency = player.hls.targetLatency;
      s.liveSyncPosition = player.hls.liveSyncPosition;
      const level = player.hls.levels && player.hls.levels[player.hls.currentLevel >= 0 ? player.hls.currentLevel : 0];
      const details = level && level.details;
      s.partTarget = details && details.partTarget ? details.partTarget : null; // the playlist has parts: LL-HLS
      s.lowLatency = type === 'llhls' && s.partTarget !== null;
    } else if (type === 'webrtc') {
      s.rtc = player.rtc;
      s.latency = player.rtc && player.rtc.jitterBufferMs !== null ? player.rtc.jitterBufferMs / 1000 : null; // what the jitter buffer holds back
      s.streamTime = player.frame ? player.frame.rtpTimestamp / 90000 : null; // the picture's own time, modulo 2^32 / 90 kHz
      s.frameWallMs = player.frame ? player.frame.wallMs : null;
    } else {
      s.latency = s.buffer;                         // HTTP-FLV: what the player holds back
    }
    if (isHls) s.streamTime = player.initPtsSec === null ? null : s.currentTime + player.initPtsSec; // HLS: the frame's own timestamp
    return s;
  }

  const fmt = (v, digits, unit) => (v === null || v === undefined || Number.isNaN(v)) ? '–' : v.toFixed(digits) + (unit || '');

  function render() {
    const s = stats();
    const rows = [
      ['player', s.version],
      ['time', fmt(s.currentTime, 1, ' s')],
      [isHls ? 'behind live edge' : type === 'webrtc' ? 'jitter buffer' : 'buffered ahead', fmt(s.latency, 3, ' s')],
      ['parts', s.partTarget ? (s.lowLatency ? 'LL-HLS, ' : 'not used, ') + fmt(s.partTarget, 3, ' s') : '–'],
      ['picture', s.width ? s.width + '×' + s.height : '–'],
      ['frames decoded / dropped', s.decodedFrames + ' / ' + s.droppedFrames],
      ['first picture after', s.firstFrameMs === null ? '–' : s.firstFrameMs + ' ms'],
    ];
    if (s.errors.length) rows.push(['last error', s.errors[s.errors.length - 1]]);
    const body = $('stats').tBodies[0];
    body.replaceChildren(...rows.map(([k, v]) => {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      const td = document.createElement('td');
      th.textContent = k;
      td.textContent = v;
      tr.append(th, td);
      return tr;
    }));
  }

  watchFirstFrame();
  setState('Connecting to ' + url + ' …');
  if (isHls) startHls(); else if (type === 'flv') startFlv(); else startWebrtc();
  if (type === 'webrtc') {
    window.addEventListener('pagehide', stopWebrtc);
    setInterval(() => pollRtc().catch(() => {}), 500);
  }
  render();
  setInterval(render, 500);
})();
