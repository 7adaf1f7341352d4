using Srs.Actors.WebRtc.Rtp;
using Srs.Actors.WebRtc.Sdp;

namespace Srs.Actors.Whep;

/// <summary>
/// Everything decided for one WHEP offer before its player exists: the node's ICE credentials for it (the ufrag is
/// also the WHEP resource's id), the answer, the payloader on the chosen payload types, and a note for the log when a
/// track of the stream cannot be sent (AAC audio).
/// </summary>
public sealed record WhepPlan(WhepOffer Offer, string LocalUfrag, string LocalPwd, string Answer, RtcPayloader Payloader, string? Note);
