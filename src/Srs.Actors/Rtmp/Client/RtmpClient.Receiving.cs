using System.Buffers;
using Srs.Actors.Media;
using Srs.Actors.Rtmp.Chunks;
using Srs.Actors.Rtmp.Handshake;
using Srs.Actors.Rtmp.Messages;

namespace Srs.Actors.Rtmp.Client;

/// <summary>The read loop: the one place that reads the socket after the handshake.</summary>
public sealed partial class RtmpClient
{
    private readonly ChunkReader chunkReader;

    // Cancels a delivery that waits for room in the event queue once the caller closes and stops reading.
    private readonly CancellationTokenSource deliveryAbort = new();

    private volatile StatusWait? statusWait;
    private volatile bool closing;
    private long bytesReceived;

    // The server's window: acknowledge every this many bytes (0 until it sets one).

    // The window we last told the server to use, to answer Set Peer Bandwidth only when it changes something.

    private async Task RunReadLoopAsync()
    {
        // Continue off the caller's stack: ConnectAsync goes on to send connect while this waits for bytes.
        await Task.Yield();
        var messages = new List<RtmpMessage>(16);
        Exception? failure = null;
        try
        {
            while (true)
            {
                var result = await this.input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                // Parsed in one synchronous pass (the span-based reader cannot live across an await), then handled.
                var consumed = ReadMessages(buffer, messages);
                this.input.AdvanceTo(consumed, buffer.End);
                Volatile.Write(ref bytesReceived, RtmpHandshake.S0S1S2Size + chunkReader.BytesRead);
                for (int i = 0; i < messages.Count; i++)
                {
                    var delivery = Dispatch(messages[i]);
                    if (delivery is not null)
                    {
                        await DeliverAsync(delivery).ConfigureAwait(false);
                    }
                }

                messages.Clear();
                AcknowledgeIfDue();
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            // Nothing awaits this task but Close, so whatever ended the loop is handed to those who wait on the
            // connection: the reader of events and the pending commands. A closing client ends this way on purpose.
            failure = ex;
        }

        Finish(failure);
    }

    /// <summary>Parses every whole message in <paramref name="buffer"/>, aggregates split into their parts.</summary>
    private SequencePosition ReadMessages(ReadOnlySequence<byte> buffer, List<RtmpMessage> into)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (chunkReader.TryReadMessage(ref reader, out var message))
        {
            if (message!.TypeId == MessageType.Aggregate)
            {
                into.AddRange(AggregateMessage.Split(message));
            }
            else
            {
                into.Add(message);
            }
        }

        return reader.Position;
    }

    /// <summary>Handles one message; returns what the caller should see of it, if anything.</summary>
    private RtmpClientEvent? Dispatch(RtmpMessage message)
    {
        switch (message.TypeId)
        {
            case MessageType.Audio:
            case MessageType.Video:
                return this.state == ClientState.Playing ? new MediaEvent((MediaKind)message.TypeId, message.Timestamp, message.Payload) : null;
            case MessageType.Amf0Data:
                return this.state == ClientState.Playing ? new MediaEvent(MediaKind.Script, message.Timestamp, message.Payload) : null;
            case MessageType.Amf3Data:
                // An AMF3 data message is a 0x00 format byte and then AMF0, i.e. an FLV script body after one byte.
                return this.state == ClientState.Playing && message.Payload.Length > 1 && message.Payload.Span[0] == 0
                    ? new MediaEvent(MediaKind.Script, message.Timestamp, message.Payload[1..])
                    : null;
            case MessageType.Amf0Command:
            case MessageType.Amf3Command:
                return OnCommand(CommandMessage.Read(message.TypeId, message.Payload.Span));
            default:
                // Protocol control is the shared channel's (pings, windows); shared objects are not supported.
                if (this.control.TryHandle(message, out var reply) && reply is not null)
                {
                    SendInBackground(reply);
                }

                return null;
        }
    }

    private StatusEvent? OnCommand(CommandMessage command)
    {
        switch (command.Name)
        {
            case ClientCommands.CallResult:
                this.pending.TryComplete(command);
                return null;
            case ClientCommands.Error:
                // publish and play go out with transaction 0, so an _error to them has nobody waiting by id: it
                // fails the status wait instead. Other unclaimed errors (releaseStream's on some servers) are harmless.
                if (!this.pending.TryComplete(command) && command.TransactionId == 0)
                {
                    var error = StatusEvent.From(command);
                    statusWait?.Offer(error with { Level = StatusLevels.Error });
                }

                return null;
            case ClientCommands.OnStatus:
                var status = StatusEvent.From(command);
                statusWait?.Offer(status);
                return status;
            default:
                // onBWDone, onFCPublish, close and the like inform; nothing here depends on them.
                return null;
        }
    }

    private void AcknowledgeIfDue()
    {
        if (this.control.AcknowledgementDue(chunkReader.BytesRead) is { } ack)
        {
            SendInBackground(ack);
        }
    }

    private async ValueTask DeliverAsync(RtmpClientEvent delivery)
    {
        if (this.closing)
        {
            return;
        }

        if (this.events.Writer.TryWrite(delivery) || this.state != ClientState.Playing)
        {
            // Only a player is owed every event; anyone else's statuses are dropped when nobody reads them, so a
            // publisher that never reads cannot stall the loop that answers pings.
            return;
        }

        try
        {
            await this.events.Writer.WriteAsync(delivery, deliveryAbort.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (this.closing)
        {
            // The caller closed and will read nothing more.
        }
    }

    /// <summary>The loop ended: the queue completes (faulted only for broken protocol) and every waiter fails.</summary>
    private void Finish(Exception? failure)
    {
        this.input.Complete();
        bool protocolError = failure is RtmpProtocolException && !this.closing;
        this.events.Writer.TryComplete(protocolError ? failure : null);
        string reason = this.closing
            ? "the client was closed"
            : protocolError ? $"the server broke the protocol: {failure!.Message}" : "the server closed the connection";
        var closed = new RtmpClientException(reason, failure);
        this.pending.FailAll(closed);
        statusWait?.Fail(closed);
    }

    private void StopDelivering()
    {
        this.closing = true;
        deliveryAbort.Cancel();
    }
}
